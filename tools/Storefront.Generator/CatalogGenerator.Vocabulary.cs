namespace Storefront.Generator;

// The words the generator combines: a three-level category tree (10 top, 40 second, 148 third level) and, per top
// category, its brands, adjectives, filterable attributes and spec attributes, in Chinese with English equivalents.
public static partial class CatalogGenerator
{
    /// <summary>How products of one top category look: brands, name adjectives (zh, en), attributes and specs.</summary>
    internal sealed record Profile(string[] Brands, (string Zh, string En)[] Adjectives, (string Name, string[] Values)[] Attributes,
        (string Name, string[] Values)[] Specs);

    internal sealed record TopDef(string Zh, string En, string Slug, Profile Profile, SecondDef[] Seconds);

    internal sealed record SecondDef(string Zh, string En, string Slug, decimal MinPrice, decimal MaxPrice, LeafDef[] Leaves);

    internal sealed record LeafDef(string Zh, string En, string Slug, decimal MinPrice, decimal MaxPrice);

    private static readonly string[] ZhSuffixes = ["", "", "", " 2026新款", " 升级款", " 经典款", " 礼盒装", " 家庭装", " 旗舰款", " 限定款"];

    private static readonly string[] EnSuffixes = ["", "", "", " 2026", " Pro", " Classic", " Gift Set", " Plus"];

    private static readonly string[] Subtitles = ["官方正品 假一赔十", "新品上市 限时优惠", "七天无理由退货", "满99包邮", "爆款热销 好评如潮", "顺丰发货 次日达", "Free shipping over ¥99",
        "Limited-time offer"];

    private static readonly string[] ZhSentences =
    [
        "精选优质原料，严格品控，品质看得见。", "细节做工考究，经得起日常使用。", "设计简约大方，适合多种场合。",
        "官方正品保障，支持七天无理由退货。", "人气热销款，回购率高。", "下单后 48 小时内发货。",
    ];

    private static readonly string[] EnSentences =
    [
        "Carefully selected materials and strict quality control.", "Thoughtful details built for everyday use.",
        "A clean, versatile design for any occasion.", "Genuine product with 7-day no-reason returns.",
        "A best seller our customers come back for.", "Ships within 48 hours.",
    ];

    private static readonly string[] Warranty = ["一年", "两年", "三年"];

    private static readonly string[] Seasons = ["春季", "夏季", "秋季", "冬季", "四季"];

    private static readonly Profile Apparel = new(
        ["棉语", "素织", "南山衣舍", "初禾", "森野", "织里", "UrbanLeaf", "Northwind", "Maison Lin", "Kolo"],
        [("纯棉", "Cotton"), ("宽松", "Relaxed"), ("修身", "Slim-Fit"), ("百搭", "Versatile"), ("复古", "Vintage"), ("轻薄", "Lightweight"), ("加厚", "Thick"),
            ("法式", "French-Style"), ("简约", "Minimalist"), ("韩版", "Korean-Style")],
        [("材质", ["纯棉", "涤纶", "羊毛", "真丝", "亚麻", "莫代尔"]), ("产地", ["中国", "越南", "孟加拉国", "意大利", "日本"]), ("风格", ["休闲", "通勤", "运动", "复古", "简约"]), ("适用季节", Seasons)],
        [("颜色", ["黑色", "白色", "灰色", "藏青", "米色", "卡其", "酒红", "雾霾蓝"]), ("尺码", ["S", "M", "L", "XL", "XXL"])]);

    private static readonly Profile Shoes = new(
        ["步云", "行者", "皮匠坊", "远行客", "悦步", "Stridewell", "Voyago", "Trailhead"],
        [("透气", "Breathable"), ("轻便", "Lightweight"), ("防滑", "Non-Slip"), ("真皮", "Leather"), ("复古", "Retro"), ("百搭", "Classic"), ("大容量", "Large-Capacity"),
            ("防水", "Waterproof")],
        [("材质", ["真皮", "帆布", "网布", "超纤皮", "尼龙"]), ("产地", ["中国", "越南", "印度尼西亚", "意大利"]), ("适用季节", Seasons), ("闭合方式", ["系带", "一脚蹬", "魔术贴", "拉链"])],
        [("颜色", ["黑色", "白色", "棕色", "灰色", "米白", "军绿"]), ("尺码", ["36", "37", "38", "39", "40", "41", "42", "43", "44"])]);

    private static readonly Profile Digital = new(
        ["星耀", "极光", "声海", "小象科技", "Novatek", "Zenbeat", "Orbitra", "Pulsewave"],
        [("无线", "Wireless"), ("降噪", "Noise-Cancelling"), ("超长续航", "Long-Battery"), ("快充", "Fast-Charging"), ("高清", "HD"), ("旗舰", "Flagship"), ("轻薄", "Slim"),
            ("5G", "5G")],
        [("产地", ["中国", "韩国", "日本", "越南", "美国"]), ("保修", Warranty), ("连接方式", ["蓝牙", "有线", "Type-C", "Wi-Fi"]), ("防水等级", ["无", "IPX4", "IPX7", "IP68"])],
        [("颜色", ["曜石黑", "冰川银", "远峰蓝", "樱花粉", "星光白"]), ("版本", ["标准版", "Pro版", "旗舰版", "128GB", "256GB", "512GB"])]);

    private static readonly Profile Computers = new(
        ["联智", "雷霆", "墨云", "墨笔坊", "Bytecraft", "Keyforge", "Officely", "Clarity"],
        [("轻薄", "Thin"), ("高性能", "High-Performance"), ("商务", "Business"), ("静音", "Silent"), ("无线", "Wireless"), ("4K", "4K"), ("办公", "Office"),
            ("电竞", "Gaming")],
        [("产地", ["中国", "美国", "日本", "越南"]), ("保修", Warranty), ("接口", ["USB-A", "Type-C", "HDMI", "蓝牙"]), ("适用场景", ["办公", "游戏", "设计", "学习"])],
        [("颜色", ["深空灰", "银色", "黑色", "白色"]), ("配置", ["i5/16G/512G", "i7/16G/1T", "i7/32G/1T", "R7/16G/512G", "标准版"])]);

    private static readonly Profile Appliances = new(
        ["美厨", "小鹿电器", "清风", "暖阳", "格润", "Homely", "AeroPure", "Chillmax"],
        [("智能", "Smart"), ("静音", "Quiet"), ("变频", "Inverter"), ("家用", "Home"), ("大容量", "Large"), ("迷你", "Mini"), ("节能", "Energy-Saving"),
            ("多功能", "Multi-Function")],
        [("产地", ["中国", "德国", "日本", "韩国"]), ("能效等级", ["一级", "二级", "三级"]), ("保修", Warranty), ("控制方式", ["按键", "触控", "App控制", "遥控"])],
        [("颜色", ["白色", "黑色", "香槟金", "薄荷绿"]), ("规格", ["标准款", "升级款", "旗舰款"])]);

    private static readonly Profile Home = new(
        ["木语", "简居", "暖阁", "拾光", "素生活", "Nordhem", "Casa Mia", "Lumio"],
        [("北欧", "Nordic"), ("简约", "Minimalist"), ("加厚", "Thick"), ("全棉", "Pure Cotton"), ("日式", "Japanese-Style"), ("实木", "Solid Wood"), ("可折叠", "Foldable"),
            ("耐用", "Durable")],
        [("材质", ["纯棉", "竹纤维", "不锈钢", "陶瓷", "实木", "亚麻", "玻璃"]), ("产地", ["中国", "日本", "德国", "泰国"]), ("风格", ["北欧", "简约", "日式", "新中式", "美式"])],
        [("颜色", ["米白", "浅灰", "雾蓝", "豆沙粉", "原木色"]), ("尺寸", ["小号", "中号", "大号", "特大号"])]);

    private static readonly Profile Beauty = new(
        ["花漾", "雪肌", "草本集", "玉颜", "山茶花", "Belle Rose", "Aqualis", "Velvet Lab"],
        [("保湿", "Hydrating"), ("补水", "Moisturizing"), ("美白", "Brightening"), ("温和", "Gentle"), ("持久", "Long-Lasting"), ("控油", "Oil-Control"), ("修护", "Repair"),
            ("清爽", "Fresh")],
        [("产地", ["中国", "法国", "日本", "韩国", "美国"]), ("适用肤质", ["干性", "油性", "混合性", "敏感肌", "所有肤质"]), ("功效", ["保湿", "美白", "抗皱", "控油", "修护"])],
        [("规格", ["15ml", "30ml", "50ml", "100ml"]), ("色号", ["01 自然色", "02 象牙白", "03 暖米色", "04 小麦色"])]);

    private static readonly Profile Food = new(
        ["山里来", "林间小熊", "好味坊", "茶山人家", "丰收季", "川味记", "Daily Nuts", "GreenValley"],
        [("新鲜", "Fresh"), ("有机", "Organic"), ("精选", "Premium"), ("原味", "Original"), ("即食", "Ready-to-Eat"), ("低糖", "Low-Sugar"), ("手工", "Handmade"),
            ("特级", "Grade-A")],
        [("产地", ["云南", "新疆", "浙江", "四川", "福建", "东北", "山东", "进口"]), ("包装", ["袋装", "罐装", "盒装", "礼盒装"]), ("储存方式", ["常温", "冷藏", "冷冻"]),
            ("保质期", ["7天", "30天", "6个月", "12个月"])],
        [("规格", ["250g", "500g", "1kg", "2.5kg"]), ("口味", ["原味", "咸味", "香辣", "蜂蜜", "五香"])]);

    private static readonly Profile Sports = new(
        ["动力", "峰行者", "驰骋", "野径", "羽翔", "Peakline", "ActiveOne", "Kinetix"],
        [("专业", "Pro"), ("轻量", "Lightweight"), ("防滑", "Non-Slip"), ("耐磨", "Durable"), ("便携", "Portable"), ("速干", "Quick-Dry"), ("防水", "Waterproof"),
            ("加厚", "Thick")],
        [("材质", ["碳纤维", "铝合金", "TPE", "尼龙", "聚酯纤维"]), ("产地", ["中国", "越南", "日本", "美国"]), ("适用人群", ["男士", "女士", "儿童", "通用"])],
        [("颜色", ["黑色", "蓝色", "红色", "绿色", "灰色"]), ("尺寸", ["S", "M", "L", "XL"])]);

    private static readonly Profile Baby = new(
        ["贝乐", "小树苗", "童趣", "暖暖", "星星家", "Tiny Steps", "BabyCloud", "Little Oak"],
        [("安全", "Safe"), ("柔软", "Soft"), ("益智", "Educational"), ("便携", "Portable"), ("可折叠", "Foldable"), ("防漏", "Leak-Proof"), ("有机", "Organic"),
            ("轻便", "Lightweight")],
        [("适用年龄", ["0-6个月", "6-12个月", "1-3岁", "3-6岁", "6岁以上"]), ("产地", ["中国", "荷兰", "新西兰", "德国", "日本", "澳大利亚"]), ("材质", ["食品级硅胶", "PP", "纯棉", "ABS", "木质"])],
        [("规格", ["1段", "2段", "3段", "4段"]), ("颜色", ["粉色", "蓝色", "米色", "灰色"])]);

    /// <summary>The tree: leaves are "中文/English" or "中文/English/min-max" (a price range of their own).</summary>
    internal static readonly TopDef[] Tree =
    [
        Top("服装", "Apparel", "apparel", Apparel,
            Second("女装", "Women's Wear", "womens-wear", 59, 899, "连衣裙/Dress", "半身裙/Skirt", "衬衫/Blouse", "针织衫/Knit Sweater", "外套/Coat"),
            Second("男装", "Men's Wear", "mens-wear", 49, 999, "T恤/T-Shirt", "衬衫/Shirt", "夹克/Jacket", "休闲裤/Chinos"),
            Second("童装", "Kids' Wear", "kids-wear", 29, 399, "儿童T恤/Kids T-Shirt", "儿童裤/Kids Pants", "儿童外套/Kids Coat"),
            Second("内衣家居服", "Underwear & Loungewear", "underwear", 19, 399, "文胸/Bra", "睡衣/Pajamas", "袜子/Socks/9.9-69", "保暖内衣/Thermal Set")),
        Top("鞋靴箱包", "Shoes & Bags", "shoes-bags", Shoes,
            Second("女鞋", "Women's Shoes", "womens-shoes", 79, 1299, "高跟鞋/Heels", "单鞋/Flats", "短靴/Ankle Boots", "凉鞋/Sandals"),
            Second("男鞋", "Men's Shoes", "mens-shoes", 99, 1599, "皮鞋/Leather Shoes", "休闲鞋/Casual Shoes", "板鞋/Skate Shoes"),
            Second("运动鞋", "Sneakers", "sneakers", 129, 1499, "跑步鞋/Running Shoes", "篮球鞋/Basketball Shoes", "徒步鞋/Hiking Shoes"),
            Second("箱包", "Bags & Luggage", "bags", 39, 2999, "双肩包/Backpack", "手提包/Handbag", "行李箱/Suitcase", "钱包/Wallet/39-699")),
        Top("手机数码", "Phones & Digital", "digital", Digital,
            Second("手机通讯", "Phones", "phones", 19, 199, "智能手机/Smartphone/999-8999", "老人手机/Senior Phone/99-499", "手机壳/Phone Case/19-99", "充电器/Charger/29-199"),
            Second("影音娱乐", "Audio", "audio", 99, 2999, "蓝牙耳机/Wireless Earbuds", "头戴耳机/Headphones", "蓝牙音箱/Bluetooth Speaker"),
            Second("智能设备", "Wearables & Tablets", "smart-devices", 149, 6999, "智能手表/Smartwatch/499-4999", "运动手环/Fitness Band/149-599", "平板电脑/Tablet/999-6999"),
            Second("摄影摄像", "Cameras", "cameras", 49, 19999, "微单相机/Mirrorless Camera/2999-19999", "镜头/Camera Lens/999-12999", "三脚架/Tripod/49-899",
                "存储卡/Memory Card/29-599")),
        Top("电脑办公", "Computers & Office", "computers", Computers,
            Second("电脑整机", "Computers", "pcs", 2999, 19999, "笔记本电脑/Laptop", "台式机/Desktop PC", "一体机/All-in-One PC"),
            Second("电脑外设", "Peripherals", "peripherals", 39, 3999, "机械键盘/Mechanical Keyboard/199-1299", "鼠标/Mouse/39-699", "显示器/Monitor/699-3999",
                "摄像头/Webcam/99-699"),
            Second("办公设备", "Office Equipment", "office-equipment", 199, 4999, "打印机/Printer", "投影仪/Projector", "碎纸机/Paper Shredder"),
            Second("文具", "Stationery", "stationery", 3, 199, "笔记本/Notebook", "中性笔/Gel Pen", "文件夹/File Folder", "计算器/Calculator")),
        Top("家用电器", "Home Appliances", "appliances", Appliances,
            Second("厨房电器", "Kitchen Appliances", "kitchen-appliances", 129, 1999, "电饭煲/Rice Cooker", "空气炸锅/Air Fryer", "微波炉/Microwave Oven", "破壁机/Blender"),
            Second("生活电器", "Household Appliances", "household-appliances", 99, 3999, "吸尘器/Vacuum Cleaner", "加湿器/Humidifier", "电风扇/Electric Fan",
                "空气净化器/Air Purifier"),
            Second("个护电器", "Personal Care Appliances", "personal-care", 59, 1999, "电动牙刷/Electric Toothbrush", "吹风机/Hair Dryer", "剃须刀/Electric Shaver"),
            Second("大家电", "Major Appliances", "major-appliances", 1299, 12999, "冰箱/Refrigerator", "洗衣机/Washing Machine", "空调/Air Conditioner",
                "电视/Television")),
        Top("家居家装", "Home & Living", "home", Home,
            Second("床上用品", "Bedding", "bedding", 39, 1299, "四件套/Bedding Set", "枕头/Pillow", "被子/Duvet", "毛巾/Towel/19-99"),
            Second("厨具餐具", "Kitchen & Dining", "kitchenware", 19, 899, "炒锅/Wok", "刀具套装/Knife Set", "保温杯/Insulated Bottle", "碗碟套装/Dinnerware Set"),
            Second("收纳整理", "Storage", "storage", 9.9m, 599, "收纳箱/Storage Box", "衣架/Hangers", "置物架/Shelf Rack", "真空压缩袋/Vacuum Storage Bag"),
            Second("灯具照明", "Lighting", "lighting", 29, 1999, "台灯/Desk Lamp", "吸顶灯/Ceiling Light", "落地灯/Floor Lamp", "小夜灯/Night Light/19-99")),
        Top("美妆个护", "Beauty & Personal Care", "beauty", Beauty,
            Second("面部护肤", "Skincare", "skincare", 49, 1299, "面霜/Face Cream", "精华液/Serum", "面膜/Sheet Mask/29-299", "防晒霜/Sunscreen"),
            Second("彩妆", "Makeup", "makeup", 39, 599, "口红/Lipstick", "粉底液/Foundation", "眼影盘/Eyeshadow Palette", "眉笔/Eyebrow Pencil/19-129"),
            Second("洗发沐浴", "Bath & Hair", "bath-hair", 19, 299, "洗发水/Shampoo", "沐浴露/Body Wash", "护手霜/Hand Cream"),
            Second("香水香氛", "Fragrance", "fragrance", 59, 1999, "女士香水/Eau de Parfum", "男士香水/Cologne", "香薰/Reed Diffuser")),
        Top("食品生鲜", "Food & Fresh", "food", Food,
            Second("休闲零食", "Snacks", "snacks", 9.9m, 199, "每日坚果/Mixed Nuts", "饼干/Biscuits", "巧克力/Chocolate", "牛肉干/Beef Jerky", "果干/Dried Fruit"),
            Second("茶饮冲调", "Tea & Coffee", "tea-coffee", 19, 999, "绿茶/Green Tea", "红茶/Black Tea", "咖啡豆/Coffee Beans", "普洱茶/Pu-erh Tea"),
            Second("粮油调味", "Staples", "staples", 9.9m, 299, "大米/Rice", "食用油/Cooking Oil", "挂面/Dried Noodles", "酱油/Soy Sauce"),
            Second("生鲜", "Fresh", "fresh", 19, 699, "苹果/Apples", "车厘子/Cherries", "牛排/Steak", "大闸蟹/Hairy Crab")),
        Top("运动户外", "Sports & Outdoors", "sports", Sports,
            Second("健身训练", "Fitness", "fitness", 19, 1999, "瑜伽垫/Yoga Mat/29-299", "哑铃/Dumbbells/49-999", "跳绳/Jump Rope/9.9-99", "健身服/Training Top/39-399"),
            Second("户外装备", "Outdoor Gear", "outdoor", 49, 2999, "帐篷/Tent", "睡袋/Sleeping Bag", "登山杖/Trekking Poles", "冲锋衣/Hardshell Jacket"),
            Second("骑行运动", "Cycling", "cycling", 59, 1299, "自行车/Bicycle/599-5999", "骑行头盔/Cycling Helmet", "骑行服/Cycling Jersey"),
            Second("球类运动", "Ball Sports", "ball-sports", 19, 999, "篮球/Basketball", "足球/Football", "羽毛球拍/Badminton Racket", "乒乓球拍/Table Tennis Bat")),
        Top("母婴玩具", "Baby & Toys", "baby-toys", Baby,
            Second("奶粉辅食", "Formula & Baby Food", "baby-food", 29, 599, "婴儿奶粉/Infant Formula", "米粉/Baby Cereal", "辅食泥/Baby Puree"),
            Second("尿裤湿巾", "Diapers & Wipes", "diapers", 19, 299, "纸尿裤/Diapers", "拉拉裤/Pull-Ups", "湿巾/Baby Wipes"),
            Second("益智玩具", "Toys", "toys", 19, 999, "积木/Building Blocks", "毛绒玩具/Plush Toy", "遥控车/RC Car", "拼图/Jigsaw Puzzle"),
            Second("童车童床", "Strollers & Seats", "strollers", 199, 4999, "婴儿推车/Stroller", "安全座椅/Car Seat", "学步车/Baby Walker")),
    ];

    private static TopDef Top(string zh, string en, string slug, Profile profile, params SecondDef[] seconds) => new(zh, en, slug, profile, seconds);

    private static SecondDef Second(string zh, string en, string slug, decimal min, decimal max, params string[] leaves) =>
        new(zh, en, slug, min, max, [.. leaves.Select(leaf =>
        {
            var parts = leaf.Split('/');
            var range = parts.Length > 2 ? parts[2].Split('-') : null;
            return new LeafDef(parts[0], parts[1], slug + "-" + Slugify(parts[1]),
                range is null ? min : decimal.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture),
                range is null ? max : decimal.Parse(range[1], System.Globalization.CultureInfo.InvariantCulture));
        })]);
}
