using System.Net.Http.Json;
using System.Text.Json;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Web.Features.Catalog.Admin;
using Storefront.Web.Features.Platform;
using Storefront.Web.Tests.Infrastructure;

namespace Storefront.Web.Tests.Catalog.Search;

/// <summary>
/// The relevance table (issue 17, item 3): a fixed catalog of everyday products in a store of its own, and per query
/// (Chinese words in any order, homophones, pinyin and its initials, English, typos, synonyms, mixed) the product that
/// must be among the first three results of the search API. Each row is its own test case.
/// </summary>
public sealed class RelevanceTests(RelevanceTests.Catalog app) : IClassFixture<RelevanceTests.Catalog>
{
    public static TheoryData<string, string> Queries => new()
    {
        // Chinese words, in any order, with or without blanks
        { "索尼 降噪耳机", "索尼 WH-1000XM5 头戴式无线降噪耳机" },
        { "无线耳机", "华为 FreeBuds Pro 3 无线蓝牙耳机" },
        { "无线 耳机", "小米 Redmi Buds 5 真无线蓝牙耳机" },
        { "耳机 无线", "索尼 WH-1000XM5 头戴式无线降噪耳机" },
        { "降噪 耳机", "索尼 WH-1000XM5 头戴式无线降噪耳机" },
        { "头戴式 耳机", "索尼 WH-1000XM5 头戴式无线降噪耳机" },
        { "蓝牙耳机", "华为 FreeBuds Pro 3 无线蓝牙耳机" },
        { "有线耳机", "漫步者 有线入耳式耳机" },
        { "游戏鼠标", "罗技 G502 有线游戏鼠标" },
        { "无线鼠标", "罗技 MX Master 3S 无线鼠标" },
        { "机械键盘", "雷蛇 机械键盘 RGB 背光" },
        { "电视", "小米电视 A Pro 55英寸 4K 超高清智能电视" },
        { "液晶电视", "海信 65英寸 液晶电视" },
        { "55英寸 电视", "小米电视 A Pro 55英寸 4K 超高清智能电视" },
        { "平板电脑", "华为 MatePad 11 平板电脑" },
        { "平板", "Apple iPad Air 平板电脑 Tablet" },
        { "笔记本电脑", "联想 ThinkPad X1 Carbon 笔记本电脑" },
        { "相机 三脚架", "百诺 碳纤维 相机三脚架" },
        { "三脚架", "百诺 碳纤维 相机三脚架" },
        { "微单相机", "佳能 EOS R6 全画幅微单相机" },
        { "佳能相机", "佳能 EOS R6 全画幅微单相机" },
        { "稳定器", "大疆 Osmo Mobile 6 手机稳定器" },
        { "跑步鞋", "李宁 男子轻量跑步鞋" },
        { "运动鞋", "耐克 Air Zoom 运动鞋 男款" },
        { "篮球鞋", "安踏 篮球鞋" },
        { "帆布鞋", "阿迪达斯 经典帆布鞋" },
        { "T恤", "优衣库 纯棉圆领T恤" },
        { "纯棉 T恤", "优衣库 纯棉圆领T恤" },
        { "羽绒服", "波司登 羽绒服 女款 长款" },
        { "长款羽绒服", "波司登 羽绒服 女款 长款" },
        { "冲锋衣", "北面 冲锋衣 防水透气" },
        { "保温杯", "膳魔师 不锈钢保温杯 500毫升" },
        { "不锈钢 保温杯", "膳魔师 不锈钢保温杯 500毫升" },
        { "电饭煲", "苏泊尔 电饭煲 4升" },
        { "空调", "美的 变频空调 1.5匹" },
        { "吸尘器", "戴森 V12 无线吸尘器" },
        { "无线吸尘器", "戴森 V12 无线吸尘器" },
        { "电动牙刷", "飞利浦 电动牙刷" },
        { "豆浆机", "九阳 破壁机 豆浆机" },
        { "破壁机", "九阳 破壁机 豆浆机" },
        { "电风扇", "格力 电风扇 落地扇" },
        { "精华液", "兰蔻 小黑瓶 精华液" },
        { "洗面奶", "欧莱雅 男士洗面奶" },
        { "坚果 礼盒", "三只松鼠 每日坚果 礼盒" },
        { "矿泉水", "农夫山泉 矿泉水 24瓶" },
        { "龙井", "西湖龙井 绿茶 250克" },
        { "普洱", "云南 普洱茶 熟茶 饼" },
        { "牛奶", "蒙牛 纯牛奶 整箱" },
        { "积木", "乐高 机械组 跑车 积木" },
        { "纸尿裤", "帮宝适 纸尿裤 L码" },
        { "书桌", "宜家 实木 书桌" },
        { "沙发", "顾家 真皮沙发 三人位" },
        { "蚕丝被", "水星家纺 蚕丝被" },
        { "中性笔", "得力 中性笔 黑色 12支" },
        { "充电宝", "小米 充电宝 20000毫安" },
        { "充电器", "Anker 65W 氮化镓 充电器" },
        { "数据线", "绿联 Type-C 数据线" },
        { "移动硬盘", "三星 T7 移动固态硬盘 1TB" },
        { "固态硬盘", "三星 T7 移动固态硬盘 1TB" },
        { "路由器", "TP-LINK 无线路由器 WiFi6" },
        { "游戏机", "任天堂 Switch 游戏机" },
        { "智能手表", "华为 Watch GT 4 智能手表" },
        { "小米手机", "小米 14 智能手机" },
        { "瑜伽垫", "迪卡侬 瑜伽垫 加厚" },
        { "羽毛球拍", "尤尼克斯 羽毛球拍" },
        { "篮球", "斯伯丁 篮球 7号" },
        { "电热水壶", "美的 电热水壶" },
        { "炒锅", "双立人 不锈钢炒锅" },
        { "加湿器", "无印良品 香薰机 加湿器" },
        { "沐浴露", "舒肤佳 沐浴露" },
        { "洗衣液", "蓝月亮 洗衣液" },
        { "戴森", "戴森 V12 无线吸尘器" },

        // homophones and dropped characters
        { "蓝芽耳机", "华为 FreeBuds Pro 3 无线蓝牙耳机" },
        { "蓝芽 耳机", "小米 Redmi Buds 5 真无线蓝牙耳机" },
        { "蓝压耳机", "华为 FreeBuds Pro 3 无线蓝牙耳机" },
        { "无线蓝耳机", "华为 FreeBuds Pro 3 无线蓝牙耳机" },
        { "无线蓝牙耳鸡", "华为 FreeBuds Pro 3 无线蓝牙耳机" },
        { "保温被", "膳魔师 不锈钢保温杯 500毫升" },
        { "吸尘期", "戴森 V12 无线吸尘器" },
        { "电饭堡", "苏泊尔 电饭煲 4升" },
        { "羽绒福", "波司登 羽绒服 女款 长款" },
        { "机戒键盘", "雷蛇 机械键盘 RGB 背光" },

        // pinyin, whole and initials
        { "lanya", "华为 FreeBuds Pro 3 无线蓝牙耳机" },
        { "lanyaerji", "华为 FreeBuds Pro 3 无线蓝牙耳机" },
        { "youxianerji", "漫步者 有线入耳式耳机" },
        { "baowenbei", "膳魔师 不锈钢保温杯 500毫升" },
        { "dianfanbao", "苏泊尔 电饭煲 4升" },
        { "xichenqi", "戴森 V12 无线吸尘器" },
        { "kongtiao", "美的 变频空调 1.5匹" },
        { "yurongfu", "波司登 羽绒服 女款 长款" },
        { "chongdianbao", "小米 充电宝 20000毫安" },
        { "bwb", "膳魔师 不锈钢保温杯 500毫升" },
        { "dfb", "苏泊尔 电饭煲 4升" },
        { "xcq", "戴森 V12 无线吸尘器" },

        // English, and English typos (a dropped, extra, changed or swapped letter)
        { "Tablet", "Apple iPad Air 平板电脑 Tablet" },
        { "Tablte", "Apple iPad Air 平板电脑 Tablet" },
        { "tabelt", "Apple iPad Air 平板电脑 Tablet" },
        { "thinkpad", "联想 ThinkPad X1 Carbon 笔记本电脑" },
        { "macbook", "Apple MacBook Air 笔记本电脑" },
        { "macbok", "Apple MacBook Air 笔记本电脑" },
        { "maccbook", "Apple MacBook Air 笔记本电脑" },
        { "carbon", "联想 ThinkPad X1 Carbon 笔记本电脑" },
        { "kindle", "Kindle Paperwhite 电子书阅读器" },
        { "papervhite", "Kindle Paperwhite 电子书阅读器" },
        { "anker", "Anker 65W 氮化镓 充电器" },
        { "switch", "任天堂 Switch 游戏机" },
        { "playstation", "索尼 PlayStation 5 游戏主机" },
        { "iphone", "iPhone 15 Pro 手机" },

        // synonyms kept by the store's operators
        { "跑鞋", "耐克 Air Zoom 运动鞋 男款" },
        { "running shoes", "耐克 Air Zoom 运动鞋 男款" },
        { "电视机", "海信 65英寸 液晶电视" },
        { "短袖", "优衣库 纯棉圆领T恤" },
        { "移动电源", "小米 充电宝 20000毫安" },
        { "laptop", "联想 ThinkPad X1 Carbon 笔记本电脑" },

        // mixed: Chinese with letters and digits
        { "g502 鼠标", "罗技 G502 有线游戏鼠标" },
        { "华为 平板", "华为 MatePad 11 平板电脑" },
        { "apple 笔记本", "Apple MacBook Air 笔记本电脑" },
        { "小米 电视", "小米电视 A Pro 55英寸 4K 超高清智能电视" },
        { "65英寸 电视", "海信 65英寸 液晶电视" },
        { "type-c 数据线", "绿联 Type-C 数据线" },
        { "1tb 硬盘", "三星 T7 移动固态硬盘 1TB" },
        { "u盘", "闪迪 U盘 128GB" },
        { "iphone15", "iPhone 15 Pro 手机" },
        { "wifi6 路由器", "TP-LINK 无线路由器 WiFi6" },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task The_product_is_in_the_top_three(string q, string expected)
    {
        using var client = app.ClientFor(app.Store);
        var result = await client.GetFromJsonAsync<JsonElement>("/api/v1/catalog/products?pageSize=3&q=" + Uri.EscapeDataString(q));
        var top = result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToList();
        Assert.True(top.Contains(expected), $"{q}: expected {expected} in the top 3, got [{string.Join(" | ", top)}]");
    }

    [Fact]
    public void The_table_has_at_least_80_queries_each_naming_a_product_of_the_catalog()
    {
        Assert.True(Queries.Count >= 80);
        Assert.All(Queries, row => Assert.Contains((string)row[1], Catalog.Products));
    }

    /// <summary>The app with a store of its own holding the fixed catalog and the store's synonym groups.</summary>
    public sealed class Catalog : StorefrontApp, IAsyncLifetime
    {
        public static readonly string[] Products =
        [
            "索尼 WH-1000XM5 头戴式无线降噪耳机", "华为 FreeBuds Pro 3 无线蓝牙耳机", "小米 Redmi Buds 5 真无线蓝牙耳机", "漫步者 有线入耳式耳机",
            "罗技 G502 有线游戏鼠标", "罗技 MX Master 3S 无线鼠标", "雷蛇 机械键盘 RGB 背光", "小米电视 A Pro 55英寸 4K 超高清智能电视",
            "海信 65英寸 液晶电视", "Apple iPad Air 平板电脑 Tablet", "华为 MatePad 11 平板电脑", "联想 ThinkPad X1 Carbon 笔记本电脑",
            "Apple MacBook Air 笔记本电脑", "佳能 EOS R6 全画幅微单相机", "百诺 碳纤维 相机三脚架", "大疆 Osmo Mobile 6 手机稳定器",
            "李宁 男子轻量跑步鞋", "耐克 Air Zoom 运动鞋 男款", "安踏 篮球鞋", "阿迪达斯 经典帆布鞋", "优衣库 纯棉圆领T恤", "波司登 羽绒服 女款 长款",
            "李宁 速干运动短裤", "北面 冲锋衣 防水透气", "膳魔师 不锈钢保温杯 500毫升", "苏泊尔 电饭煲 4升", "美的 变频空调 1.5匹",
            "戴森 V12 无线吸尘器", "飞利浦 电动牙刷", "九阳 破壁机 豆浆机", "格力 电风扇 落地扇", "小熊 酸奶机", "兰蔻 小黑瓶 精华液",
            "雅诗兰黛 眼霜", "欧莱雅 男士洗面奶", "三只松鼠 每日坚果 礼盒", "农夫山泉 矿泉水 24瓶", "西湖龙井 绿茶 250克", "云南 普洱茶 熟茶 饼",
            "蒙牛 纯牛奶 整箱", "乐高 机械组 跑车 积木", "费雪 婴儿 摇铃 玩具", "帮宝适 纸尿裤 L码", "宜家 实木 书桌", "顾家 真皮沙发 三人位",
            "水星家纺 蚕丝被", "得力 中性笔 黑色 12支", "晨光 笔记本 A5", "Kindle Paperwhite 电子书阅读器", "小米 充电宝 20000毫安",
            "Anker 65W 氮化镓 充电器", "绿联 Type-C 数据线", "三星 T7 移动固态硬盘 1TB", "闪迪 U盘 128GB", "TP-LINK 无线路由器 WiFi6",
            "任天堂 Switch 游戏机", "索尼 PlayStation 5 游戏主机", "卡西欧 电子手表", "华为 Watch GT 4 智能手表", "iPhone 15 Pro 手机",
            "小米 14 智能手机", "瑞士军刀 多功能刀", "迪卡侬 瑜伽垫 加厚", "尤尼克斯 羽毛球拍", "斯伯丁 篮球 7号", "美的 电热水壶",
            "双立人 不锈钢炒锅", "无印良品 香薰机 加湿器", "舒肤佳 沐浴露", "蓝月亮 洗衣液",
        ];

        private static readonly string[][] Synonyms =
        [
            ["跑鞋", "运动鞋", "running shoes"], ["电视机", "电视"], ["T恤", "短袖"], ["充电宝", "移动电源"], ["笔记本电脑", "laptop"],
        ];

        public string Store { get; } = "relevance-" + Guid.NewGuid().ToString("N")[..6];

        async Task IAsyncLifetime.InitializeAsync()
        {
            await InitializeAsync();
            await using (var scope = Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CreateStore.Command { Slug = Store, Name = "相关性商店" });
            }

            var price = 10m;
            foreach (var name in Products)
            {
                await this.ProductAsync(Store, name, price += 7m, brand: name.Split(' ')[0]);
            }

            foreach (var group in Synonyms)
            {
                await SendAsync(Store, new SaveSynonymGroup.Command(null, group));
            }
        }
    }
}
